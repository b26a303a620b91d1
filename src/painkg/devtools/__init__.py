"""Development tools: run from a checkout to regenerate committed files; the product never imports them."""
