"""One module per `qe` subcommand: argument definitions and the imperative shell around the pure core."""
