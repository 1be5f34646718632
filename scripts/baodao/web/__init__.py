"""The public site: public view → pages → mkdocs build → privacy scan."""
