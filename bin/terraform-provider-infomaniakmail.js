#!/usr/bin/env node
require('../dist/provider/main.js').main();
