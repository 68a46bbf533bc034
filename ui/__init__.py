"""The only Streamlit-aware helpers: cached engine, signed-in user, shared filters, chart builders."""
