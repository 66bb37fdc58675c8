"""Demonstration content: invented evidence, files and a letter that `manage.py load_demo` loads."""
