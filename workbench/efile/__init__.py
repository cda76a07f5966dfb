"""The living case file: volumes, catalogue, documents, rendering and assembly."""
