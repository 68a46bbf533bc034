"""Parsers for everything Upskill imports: bytes in, validated records or every error out.

No database access here: records carry raw references (an employee code or
email, a credential code, a team name) that the writer resolves, reporting its
own problems with the same ImportIssue type through each record's Origin.
"""
