"""`python -m policyreport`. A warm build (`build --warm`) is handed to its server before the command
line is imported: importing it (argparse, the parameters, YAML, multiprocessing) took 0.1 s of every
warm build, and the server's child parses the arguments itself. Anything else, and a warm build no
server takes yet, runs `cli.main`."""

import sys


def handed_over(argv: list[str]) -> tuple[bool, int | None]:
    """Whether the warm server was asked to run `argv`, and the build's exit code (None when no
    server takes it yet: the command then builds by itself, as `cli.main` would)."""
    if argv[:1] != ["build"] or "--warm" not in argv or {"-h", "--help"} & set(argv):
        return False, None
    from policyreport.runtime import server

    quiet = any(a == "-q" or (len(a) > 3 and "--quiet".startswith(a)) for a in argv)
    try:
        return True, server.delegate(argv, quiet)
    except OSError:
        return False, None  # the command line asks again and says why


if __name__ == "__main__":
    asked, code = handed_over(sys.argv[1:])
    if code is None:
        from policyreport.cli import main

        code = main(delegate=not asked)
    sys.exit(code)
