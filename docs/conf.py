"""Sphinx configuration of the furong documentation site.

Build (warnings are errors, as in CI):

    python3 -m sphinx -W --keep-going -b html docs docs/_build/html

The Python API pages are read from the installed package's docstrings (``pip install .``
first); notebooks under docs/notebooks are executed during the build (nbsphinx); figures
come from the code shown beside them (matplotlib's ``plot`` directive runs it).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE / "_ext"))
os.environ.setdefault("MPLBACKEND", "Agg")

project = "furong"
author = "the furong authors"
copyright = "the furong authors, MIT licence"
try:
    from importlib.metadata import version as _version

    release = _version("furong")
except Exception:  # pragma: no cover - building without the package installed
    release = "0.1.0"
version = release

extensions = [
    "myst_parser",
    "nbsphinx",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.mathjax",
    "matplotlib.sphinxext.plot_directive",
    "furong_docs",
]

source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
root_doc = "index"
exclude_patterns = ["_build", "examples", "**.ipynb_checkpoints", "_ext", "Thumbs.db", ".DS_Store"]
language = "en"

# ---- Markdown (MyST) --------------------------------------------------------------------
myst_enable_extensions = ["colon_fence", "deflist", "dollarmath", "fieldlist"]
myst_heading_anchors = 3  # [text](page.md#a-heading) links work
# Links to files outside the site (../README.md, source files) are plain links, not errors.
myst_url_schemes = {"http": None, "https": None, "mailto": None,
                    "github": "https://github.com/{{path}}"}

# ---- Python API (autodoc + napoleon for numpydoc sections) --------------------------------
autodoc_default_options = {"members": True, "undoc-members": False}
autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_typehints_format = "short"
autodoc_preserve_defaults = True
autodoc_mock_imports: list = []
napoleon_google_docstring = False
napoleon_numpy_docstring = True
napoleon_use_rtype = False
napoleon_use_ivar = True  # an Attributes section is a field list: no duplicate of autodoc's attributes
napoleon_use_param = True
napoleon_preprocess_types = False
# Type names in docstrings ("DataFrame", "date or str") are prose, not cross-references.
nitpicky = False

# ---- notebooks (nbsphinx) ------------------------------------------------------------------
# Outputs are not committed: every notebook runs during the build, so the site shows fresh
# results; an error in a cell fails the build.
# The notebooks select matplotlib's inline backend themselves (%matplotlib inline), so their
# figures are stored as image outputs and shown even where MPLBACKEND=Agg.
nbsphinx_execute = "always"
nbsphinx_allow_errors = False
nbsphinx_timeout = 900
nbsphinx_kernel_name = "python3"
nbsphinx_execute_arguments = ["--InlineBackend.figure_formats={'png'}", "--InlineBackend.rc={'figure.dpi': 96}"]
nbsphinx_prolog = """
.. note:: This notebook was executed when this site was built; its source is
   ``docs/{{ env.docname }}.ipynb``.
"""

# ---- figures (matplotlib plot directive) ---------------------------------------------------
plot_include_source = True
plot_html_show_source_link = False
plot_html_show_formats = False
plot_formats = [("png", 96)]
plot_rcparams = {"figure.autolayout": False}
plot_apply_rcparams = False
plot_working_directory = str(ROOT)

# ---- HTML ----------------------------------------------------------------------------------
try:
    import furo  # noqa: F401

    html_theme = "furo"
    html_theme_options = {
        "light_css_variables": {"color-brand-primary": "#b0281e", "color-brand-content": "#b0281e"},
        "dark_css_variables": {"color-brand-primary": "#ff6b5e", "color-brand-content": "#ff6b5e"},
        "source_repository": "",
    }
except ImportError:  # pragma: no cover - the theme is optional; alabaster ships with Sphinx
    html_theme = "alabaster"
    html_theme_options = {}
html_title = f"furong {release}"
html_static_path: list = []
html_show_sourcelink = False
