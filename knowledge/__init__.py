"""Knowledge base: models, bundled data, import/export and the search engine."""
