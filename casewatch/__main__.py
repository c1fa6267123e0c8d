import sys

from casewatch.cli import main

sys.exit(main())
