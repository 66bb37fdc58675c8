"""British English as the archive has always printed it: "1 March 2024", not "1 Mar 2024"."""

DATE_FORMAT = "j F Y"
