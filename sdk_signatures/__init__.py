"""Data package: one TOML file per third-party SDK, plus schema.json and VERSION."""
