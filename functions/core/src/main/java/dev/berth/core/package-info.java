/** Berth's core: the domain (no AWS types), the DynamoDB storage, and the ports to the outside world. */
package dev.berth.core;
