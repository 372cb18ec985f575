import sys

from policyreport.cli import main

sys.exit(main())
