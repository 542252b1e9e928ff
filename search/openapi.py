"""The OpenAPI 3.1 description of the portal's own open-data endpoints, served at
/api/openapi.json: the librarian-for-programme lookup, the widget, vCards, search suggestions and
the API index. Wagtail's pages endpoint (/api/v2/pages/) is described by Wagtail's documentation,
linked from here; the fields each page type adds are listed in the API index (/api/v2/).

The response schemas are the contract tests/search/test_openapi.py holds the real responses to.
"""

LIBRARIAN = {
    "type": "object",
    "required": [
        "name",
        "title",
        "email",
        "profile_url",
        "contact_url",
        "photo_url",
        "status",
        "takes_new_students",
        "reason",
    ],
    "properties": {
        "name": {"type": "string", "examples": ["Ada Byrne"]},
        "title": {"type": "string", "description": "Job title."},
        "email": {"type": "string", "format": "email"},
        "profile_url": {"type": "string", "format": "uri"},
        "contact_url": {"type": "string", "format": "uri", "description": "The contact form."},
        "photo_url": {"type": ["string", "null"], "format": "uri"},
        "status": {
            "type": "string",
            "enum": ["matched", "accepting", "full", "not_accepting"],
            "description": "matched: a new student of the programme is matched to this "
            "librarian; accepting: takes new students too; full: no room at the moment; "
            "not_accepting: not taking new students.",
        },
        "takes_new_students": {"type": "boolean"},
        "reason": {
            "type": "string",
            "description": "Why this librarian (for the matched one, the line a student sees "
            "on their My librarian page).",
        },
    },
    "additionalProperties": False,
}

LOOKUP = {
    "type": "object",
    "required": ["programme", "librarian", "reason", "level", "exact", "librarians"],
    "properties": {
        "programme": {
            "type": "object",
            "required": ["code", "name", "department", "faculty"],
            "properties": {
                "code": {"type": "string", "examples": ["BSC-CHEM"]},
                "name": {"type": "string"},
                "department": {"type": "string"},
                "faculty": {"type": "string"},
            },
            "additionalProperties": False,
        },
        "librarian": {
            "description": "The librarian a new student of the programme is matched to now, "
            "or null when no librarian has room.",
            "oneOf": [{"$ref": "#/components/schemas/Librarian"}, {"type": "null"}],
        },
        "reason": {"type": "string", "description": "Why that librarian, or why nobody."},
        "level": {
            "type": "string",
            "enum": ["programme", "department", "faculty", "general", "none"],
            "description": "Whom the librarian was found among: those who serve the "
            "programme, its department, its faculty, the general-enquiries librarian, or none.",
        },
        "exact": {"type": "boolean", "description": "Whether the librarian serves the programme."},
        "librarians": {
            "type": "array",
            "description": "The matched librarian first, then the programme's other librarians.",
            "items": {"$ref": "#/components/schemas/Librarian"},
        },
    },
    "additionalProperties": False,
}

ERROR = {
    "type": "object",
    "required": ["error", "detail"],
    "properties": {
        "error": {"type": "string", "examples": ["unknown_programme"]},
        "detail": {"type": "string"},
        "code": {"type": "string"},
    },
}

SUGGESTIONS = {
    "type": "object",
    "required": ["query", "suggestions"],
    "properties": {
        "query": {"type": "string"},
        "suggestions": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["title", "url", "type"],
                "properties": {
                    "title": {"type": "string"},
                    "url": {"type": "string", "description": "The page's path on this site."},
                    "type": {"type": "string", "examples": ["Guide", "Librarian"]},
                },
                "additionalProperties": False,
            },
        },
    },
    "additionalProperties": False,
}

API_INDEX = {
    "type": "object",
    "required": ["name", "endpoints", "page_types"],
    "properties": {
        "name": {"type": "string"},
        "endpoints": {
            "type": "object",
            "additionalProperties": {"type": "string", "format": "uri"},
        },
        "page_types": {
            "type": "object",
            "description": "Each page type and the fields ?fields= accepts for it.",
            "additionalProperties": {
                "type": "object",
                "required": ["fields"],
                "properties": {"fields": {"type": "array", "items": {"type": "string"}}},
            },
        },
    },
}

CODE = {
    "name": "code",
    "in": "path",
    "required": True,
    "description": "A programme code, e.g. BSC-CHEM (any letter case).",
    "schema": {"type": "string", "maxLength": 20},
}


def _json(schema_name, description):
    return {
        "description": description,
        "content": {
            "application/json": {"schema": {"$ref": f"#/components/schemas/{schema_name}"}}
        },
    }


def description(base_url):
    """The OpenAPI document, with ``base_url`` (e.g. https://library.example.edu) as its server."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Liaison Librarians open data",
            "version": "1.0",
            "description": "Read-only, public endpoints: who a programme's librarian is, an "
            "embeddable widget, contact cards and search suggestions. Every response is "
            "readable from any origin (CORS). Wagtail's pages API is at /api/v2/pages/.",
        },
        "externalDocs": {
            "description": "Wagtail's API v2 (the /api/v2/pages/ endpoint)",
            "url": "https://docs.wagtail.org/en/stable/advanced_topics/api/v2/usage.html",
        },
        "servers": [{"url": base_url}],
        "paths": {
            "/api/librarian-for-programme/{code}/": {
                "get": {
                    "operationId": "librarianForProgramme",
                    "summary": "Whom a new student of a programme is matched to, and why",
                    "description": "The same rules as student sign-up: the librarian named is "
                    "the one a student who signs up now would get; the programme's other "
                    "librarians follow, each with whether they take new students.",
                    "parameters": [CODE],
                    "responses": {
                        "200": _json("LibrarianForProgramme", "The answer for the programme."),
                        "404": _json("Error", "No programme has this code."),
                    },
                }
            },
            "/api/widget/librarian/{code}/": {
                "get": {
                    "operationId": "librarianWidget",
                    "summary": "A small HTML page about the programme's librarian, to embed "
                    "in an iframe",
                    "parameters": [CODE],
                    "responses": {
                        "200": {
                            "description": "The widget.",
                            "content": {"text/html": {"schema": {"type": "string"}}},
                        },
                        "404": {
                            "description": "No programme has this code (an HTML page "
                            "linking to the librarian finder).",
                            "content": {"text/html": {"schema": {"type": "string"}}},
                        },
                    },
                }
            },
            "/api/vcard/{slug}.vcf": {
                "get": {
                    "operationId": "librarianVCard",
                    "summary": "A librarian's contact card (vCard 3.0)",
                    "parameters": [
                        {
                            "name": "slug",
                            "in": "path",
                            "required": True,
                            "description": "The last part of the librarian's profile address, "
                            "e.g. ada-byrne.",
                            "schema": {"type": "string", "pattern": "^[-a-zA-Z0-9_]+$"},
                        }
                    ],
                    "responses": {
                        "200": {
                            "description": "The card.",
                            "content": {"text/vcard": {"schema": {"type": "string"}}},
                        },
                        "404": {"description": "No active librarian has this address."},
                    },
                }
            },
            "/search/suggest/": {
                "get": {
                    "operationId": "searchSuggestions",
                    "summary": "Pages whose titles start with what was typed",
                    "parameters": [
                        {
                            "name": "q",
                            "in": "query",
                            "required": False,
                            "description": "What was typed so far; the last word may be "
                            "unfinished.",
                            "schema": {"type": "string", "maxLength": 200},
                        }
                    ],
                    "responses": {"200": _json("Suggestions", "Up to eight pages, best first.")},
                }
            },
            "/api/v2/": {
                "get": {
                    "operationId": "apiIndex",
                    "summary": "The endpoints of the open data, and the fields of each page "
                    "type in /api/v2/pages/",
                    "responses": {"200": _json("ApiIndex", "The index.")},
                }
            },
        },
        "components": {
            "schemas": {
                "Librarian": LIBRARIAN,
                "LibrarianForProgramme": LOOKUP,
                "Error": ERROR,
                "Suggestions": SUGGESTIONS,
                "ApiIndex": API_INDEX,
            }
        },
    }
