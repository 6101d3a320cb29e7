#!/usr/bin/env node
// The bin is a committed file rather than a build output, so `npm ci` links it even before the
// sandbox is built (a workspace's bin whose target is missing is not linked). It runs the build.
import '../dist/main.js';
