#!/usr/bin/env node
// Count Ctrl-C from the very first moment: terraform may interrupt while modules still load.
require('../dist/provider/protocol/interrupt-guard.js').guardEarlyInterrupts();
// The provider as one bundled file with its V8 code cache (npm run build makes both):
// terraform starts it several times per command, and this start has nothing to resolve.
require('../dist/provider/protocol/bundle-loader.js')
  .loadBundle(
    require('node:path').join(__dirname, '..', 'dist', 'provider', 'terraform-provider-infomaniakmail.js'),
  )
  .exports.main();
