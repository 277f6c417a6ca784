#!/usr/bin/env node
console.log('ionscope: the CLI is being built');
