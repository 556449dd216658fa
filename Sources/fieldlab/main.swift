import FieldLabCLI

FieldLabCommand.main()
