"""Our exceptions. Messages say what was wrong and what to do; the CLI prints them on one line."""


class KGraphError(Exception):
    """Root of every error kgraph raises on purpose."""

    exit_code = 1


class InputError(KGraphError):
    """Bad user input: missing, empty, binary or undecodable files, unknown formats."""

    exit_code = 2


class QueryError(KGraphError):
    """Malformed or refused SPARQL."""

    exit_code = 2


class StoreError(KGraphError):
    """A store could not be opened, read or written."""


class ModelUnavailable(KGraphError):
    """The spaCy model is not installed."""

    exit_code = 2


class ReasonerUnavailable(KGraphError):
    """The OWL reasoner (Java) cannot run here."""


class InconsistentOntology(KGraphError):
    """The graph contradicts the ontology's axioms."""


class InputWarning(UserWarning):
    """Input kgraph can still use, with a part dropped (e.g. an unreadable publication date).

    The CLI prints each as one line on stderr; a library caller sees a Python warning.
    """
