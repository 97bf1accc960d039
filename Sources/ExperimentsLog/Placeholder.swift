// ExperimentsLog
