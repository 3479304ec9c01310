"""The registry of survey question types, keyed by their StreamField block name.

Like Wagtail's form builder (``create_<type>_field``) and wagtailstreamforms' registered
field classes, each kind of survey block is a class (``question_types.QuestionType``, or
``ItemType`` for blocks that ask nothing) that owns its block, form fields, answers,
display, results and export columns. The thirteen built-in types register themselves;
a site registers its own with one call, usually from its ``AppConfig.ready()``::

    from wagtail_participation.surveys.questions import QuestionType, register_question_type

    @register_question_type
    class PostcodeQuestion(QuestionType):
        block_type = "postcode"
        ...

It then appears in every survey's editor, form, results and export.
"""

import re

from django.core.exceptions import ImproperlyConfigured

_types = {}
_blocks = {}  # block type -> its block instance, made once
_child_blocks = None  # the mapping SurveyQuestionsBlock reads, rebuilt after a registration
_built_ins_loaded = False

BLOCK_TYPE_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,29}$")


def _load_built_ins():
    global _built_ins_loaded
    if not _built_ins_loaded:
        _built_ins_loaded = True
        # cycle: question_types imports this module to register itself
        from . import question_types  # noqa: F401  (registers the built-in types)


def register_question_type(cls=None, *, replace=False):
    """Register a question type class (usable as a decorator, with or without arguments).

    ``cls.block_type`` names its block in the survey's StreamField and in stored data: at
    most 30 lower-case letters, digits and underscores. Registering a name twice is an error
    unless ``replace=True`` (a site's own version of a built-in type, with the same stored answers)."""
    if cls is None:
        return lambda cls: register_question_type(cls, replace=replace)
    _load_built_ins()
    block_type = getattr(cls, "block_type", None)
    if not isinstance(block_type, str) or not BLOCK_TYPE_PATTERN.match(block_type):
        raise ImproperlyConfigured(
            f"{cls.__name__}.block_type must be 1 to 30 lower-case letters, digits or underscores, got {block_type!r}."
        )
    if getattr(cls, "block_class", None) is None:
        raise ImproperlyConfigured(
            f"{cls.__name__}.block_class must name the question's StructBlock class."
        )
    if block_type in _types and _types[block_type] is not cls and not replace:
        raise ImproperlyConfigured(
            f"A survey question type {block_type!r} is registered already ({_types[block_type].__name__}); "
            "pass replace=True to replace it."
        )
    _types[block_type] = cls
    _forget(block_type)
    return cls


def _forget(block_type):
    global _child_blocks
    _blocks.pop(block_type, None)
    _child_blocks = None


def unregister_question_type(block_type):
    """Remove a registered type (tests; a site that does not offer a built-in type)."""
    _load_built_ins()
    _types.pop(block_type, None)
    _forget(block_type)


def question_types():
    """``{block type: class}`` of every registered type, in registration order."""
    _load_built_ins()
    return dict(_types)


def get_question_type(block_type):
    """The class registered for ``block_type``, or None."""
    _load_built_ins()
    return _types.get(block_type)


def child_blocks():
    """``{block type: block}`` for the survey's StreamField: one block instance per type, kept
    (the same mapping until the next registration; do not change it)."""
    global _child_blocks
    _load_built_ins()
    if _child_blocks is None:
        for block_type, cls in _types.items():
            if block_type not in _blocks:
                block = cls.make_block()
                block.set_name(block_type)
                _blocks[block_type] = block
        _child_blocks = {block_type: _blocks[block_type] for block_type in _types}
    return _child_blocks
