from songda.cli import main

raise SystemExit(main())
