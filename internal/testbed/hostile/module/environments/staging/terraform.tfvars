environment = "staging"
label       = "ok\r::stop-commands::y\n  ::stop-commands::x\n##[stop-commands]z"
