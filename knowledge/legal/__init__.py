"""Reading legal acts as published: file readers, line clean-up, structure and metadata.

``knowledge.importer`` is the public entry point; this package holds its parts:

* :mod:`knowledge.legal.readers` - bounded readers for .txt/.md/.docx/.pdf/.rtf/.html;
* :mod:`knowledge.legal.cleanup` - page headers/footers, separators, hyphenation, wrapped lines;
* :mod:`knowledge.legal.structure` - articles, chapters, parts, editorial notes, repealed articles;
* :mod:`knowledge.legal.metadata` - kind, title in normal case, number, date, issuer, status.
"""
