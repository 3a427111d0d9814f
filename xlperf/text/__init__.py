"""Pure text and number functions: normalisation, values, money, progress, claims in prose."""
