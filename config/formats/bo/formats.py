"""Tibetan dates: "སྤྱི་ལོ་2024 ཟླ་3 ཚེས་1" (year of the common era, month, day), with the month as
a number: Django has no Tibetan month names. Tibetan letters are not format characters."""

DATE_FORMAT = "སྤྱི་ལོ་Y ཟླ་n ཚེས་j"
YEAR_MONTH_FORMAT = "སྤྱི་ལོ་Y ཟླ་n"
MONTH_DAY_FORMAT = "ཟླ་n ཚེས་j"
SHORT_DATE_FORMAT = "Y-m-d"
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
