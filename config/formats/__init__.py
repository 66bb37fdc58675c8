"""Date and number formats the interface languages need beyond Django's own (FORMAT_MODULE_PATH):
English keeps the long month the archive always printed; Tibetan, which Django has no formats
for, writes dates with its own words for year, month and day."""
