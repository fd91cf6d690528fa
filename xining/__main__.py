from xining.cli import main

main()
