package config

// DockerhubToken is used by the worker.
const DockerhubToken = "dckr_pat_xxxxxxxxxxxxxxxxxxxxxxxxxxx"
