/**
 * What status-service says, as the CLI reads it: the JSON shapes of its API
 * (/work/notes/status-api.md, the contract between the two) and the client that asks for them.
 */
package dev.slipway.cli.status;
