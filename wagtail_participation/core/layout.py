"""Does the site's layout render our pages' styles and scripts?

Every package page extends ``wagtail_participation/base.html``, and a site wraps our pages in
its own layout by overriding that template (docs/tutorial/install.md). Our pages put their
stylesheets in the block ``extra_head``, their scripts in ``extra_js`` and themselves in
``content``. A site's base template whose blocks have other names (``wagtail start``'s has
``extra_css``, not ``extra_head``) silently drops what goes in a block it never renders: the
idea boards, surveys and petitions then lose their styles.

``inspect_layout(name)`` follows a template's ``{% extends %}`` chain and works out which
blocks a page built on it renders: the root template's blocks, and the blocks nested in the
definitions that win (including a parent's, where a definition renders ``{{ block.super }}``).
The system check ``wagtail_participation.W010`` runs it on ``wagtail_participation/base.html``
and, at render time, ``warn_if_assets_dropped`` logs a warning (once per template) when a page
built on our base is served with blocks that go nowhere.
"""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, TypeVar

from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template import Engine, TemplateDoesNotExist, TemplateSyntaxError
from django.template.base import Node, NodeList, Template, VariableNode
from django.template.loader_tags import BlockNode, ExtendsNode, IncludeNode

logger = logging.getLogger("wagtail_participation.layout")
NodeT = TypeVar("NodeT", bound=Node)

BASE_TEMPLATE = "wagtail_participation/base.html"
STYLESHEET = "wagtail_participation/css/participation.css"
#: The blocks our pages fill, and what a layout that never renders one loses.
REQUIRED_BLOCKS = {
    "content": "the pages themselves",
    "extra_head": "the stylesheets of the participation methods",
    "extra_js": "their scripts",
}


@dataclass
class Layout:
    chain: list[str] = field(default_factory=list)  # template names, the page's first
    blocks: set[str] = field(default_factory=set)  # the blocks a page built on it renders
    stylesheet: bool = False  # whether a template of the chain links participation.css
    error: str = ""  # the chain could not be loaded

    @property
    def ours(self) -> bool:
        return BASE_TEMPLATE in self.chain

    def missing_blocks(self) -> list[str]:
        return [name for name in REQUIRED_BLOCKS if name not in self.blocks]


def _engine() -> Engine | None:
    try:
        return Engine.get_default()
    except ImproperlyConfigured:  # no Django template engine, or several: nothing to say
        return None


def _extends(template: Template) -> ExtendsNode | None:
    for node in template.nodelist:
        if isinstance(node, ExtendsNode):
            return node
    return None


def _direct_blocks(nodelist: NodeList | list[Node]) -> list[BlockNode]:
    """The blocks in ``nodelist`` that are not inside another block."""
    found: list[BlockNode] = []
    for node in nodelist:
        if isinstance(node, BlockNode):
            found.append(node)
            continue
        for attr in getattr(node, "child_nodelists", ()):
            child = getattr(node, attr, None)
            if child:
                found.extend(_direct_blocks(child))
    return found


def _nodes(nodelist: NodeList, kind: type[NodeT]) -> list[NodeT]:
    return [node for node in nodelist.get_nodes_by_type(kind) if isinstance(node, kind)]


def _uses_super(block: BlockNode) -> bool:
    return any(
        str(node.filter_expression.token).startswith("block.super")
        for node in _nodes(block.nodelist, VariableNode)
    )


def _constant(expression: Any) -> str | None:
    value = getattr(expression, "var", None)
    return value if isinstance(value, str) else None


def _chain(engine: Engine, template_name: str, layout: Layout) -> list[Template] | None:
    """The templates from ``template_name`` up its ``{% extends %}``; None if a parent is a
    variable. Raises TemplateDoesNotExist or TemplateSyntaxError."""
    template, origin = engine.find_template(template_name)
    chain, history = [template], [origin]
    layout.chain.append(template_name)
    while (extends := _extends(template)) is not None:
        parent = _constant(extends.parent_name)
        if parent is None:
            return None
        template, origin = engine.find_template(parent, skip=history)
        chain.append(template)
        history.append(origin)
        layout.chain.append(parent)
    return chain


def _rendered_blocks(chain: list[Template]) -> set[str]:
    """The blocks a page built on ``chain`` renders: the root's, then those nested in the
    winning definitions (and in a parent's, where one renders ``{{ block.super }}``)."""
    definitions: dict[str, list[BlockNode]] = {}
    for template in chain:  # the page's own template first: its definitions win
        for block in _nodes(template.nodelist, BlockNode):
            definitions.setdefault(block.name, []).append(block)
    rendered: set[str] = set()
    waiting = [block.name for block in _direct_blocks(chain[-1].nodelist)]
    while waiting:
        name = waiting.pop()
        if name in rendered:
            continue
        rendered.add(name)
        for block in definitions.get(name, []):
            waiting.extend(nested.name for nested in _direct_blocks(block.nodelist))
            if not _uses_super(block):
                break
    return rendered


def _links_stylesheet(engine: Engine, chain: list[Template]) -> bool:
    """Whether a template of the chain, or one it includes by name, links our stylesheet."""
    sources = [template.source for template in chain]
    for template in chain:
        for include in _nodes(template.nodelist, IncludeNode):
            name = _constant(include.template)
            if name:
                with contextlib.suppress(TemplateDoesNotExist, TemplateSyntaxError):
                    sources.append(engine.find_template(name)[0].source)
    return any(STYLESHEET in source for source in sources)


def inspect_layout(template_name: str) -> Layout | None:
    """What a page rendered from ``template_name`` renders; None when it cannot be known
    (no single Django template engine, or a parent named by a variable)."""
    engine = _engine()
    if engine is None:
        return None
    layout = Layout()
    try:
        chain = _chain(engine, template_name, layout)
    except (TemplateDoesNotExist, TemplateSyntaxError) as error:
        layout.error = f"{type(error).__name__}: {error}"
        return layout
    if chain is None:
        return None
    layout.blocks = _rendered_blocks(chain)
    layout.stylesheet = _links_stylesheet(engine, chain)
    return layout


def problems(layout: Layout | None) -> list[str]:
    """Sentences naming what a page built on ``layout`` would not render."""
    if layout is None:
        return []
    if layout.error:
        return [f"it cannot be loaded ({layout.error})"]
    found = [
        f"no template of {' → '.join(layout.chain)} renders the block '{name}' ({what} go nowhere)"
        for name, what in REQUIRED_BLOCKS.items()
        if name not in layout.blocks
    ]
    if not layout.stylesheet:
        found.append(f"no template of {' → '.join(layout.chain)} links {STYLESHEET}")
    return found


@lru_cache(maxsize=256)
def _warned(template_name: str) -> bool:
    """Log, once per template and process, what a page built on it drops."""
    layout = inspect_layout(template_name)
    if layout is None or not layout.ours:
        return False
    found = problems(layout)
    for problem in found:
        logger.warning(
            "wagtail_participation: a page rendered from %s loses its styles or scripts: %s. "
            "See the layout step of the installation (check wagtail_participation.W010).",
            template_name,
            problem,
        )
    return bool(found)


def warn_if_assets_dropped(page: Any, request: Any, serve_args: Any, serve_kwargs: Any) -> None:
    """Wagtail's ``before_serve_page`` hook: check the template this page renders with."""
    try:
        template = page.get_template(request, *serve_args, **serve_kwargs)
    except Exception:  # noqa: BLE001 - the page's own serve reports its errors
        return
    if isinstance(template, str):
        _warned(template)


@receiver(setting_changed)
def _forget_warnings(setting: str, **kwargs: Any) -> None:
    if setting == "TEMPLATES":  # other templates: check them again
        _warned.cache_clear()
