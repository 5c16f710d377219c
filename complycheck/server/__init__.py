"""The HTTP service: complycheck for housing systems that are not Python (``complycheck serve``).

Installed with the ``server`` extra (FastAPI, uvicorn, python-multipart); the core package
never imports this one. Every endpoint reads, validates, checks and writes through the same
functions the CLI uses, so an answer over HTTP is the CLI's answer, byte for byte.

Modules, one job each: :mod:`.settings` (limits, token), :mod:`.problems` (errors as the
CLI's located issues), :mod:`.guard` (version header, bearer token), :mod:`.chunks` and
:mod:`.multipart` (request bodies read as they arrive), :mod:`.streaming` (responses
written as they are made), :mod:`.runs` (cases and logs through the checker),
:mod:`.catalogue` (rulesets, working days, the case schema), :mod:`.schemas` (what the
OpenAPI document says of bodies), :mod:`.app` (the routes), :mod:`.openapi` (the committed
document), :mod:`.warm` (a worker made ready before its first request).
"""
