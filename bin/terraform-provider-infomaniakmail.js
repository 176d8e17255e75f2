#!/usr/bin/env node
// Count Ctrl-C from the very first moment: terraform may interrupt while modules still load.
require('../dist/provider/protocol/interrupt-guard.js').guardEarlyInterrupts();
require('../dist/provider/main.js').main();
