"""import_document, import_content and export_content."""
