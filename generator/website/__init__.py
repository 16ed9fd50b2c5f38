"""The MkDocs side: configuration, the plugin, the search index, HTML blocks kept out of Markdown."""
