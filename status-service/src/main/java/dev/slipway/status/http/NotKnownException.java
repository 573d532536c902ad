package dev.slipway.status.http;

/** A plan or build status-service has no record of: a 404 whose message names what was asked for. */
class NotKnownException extends RuntimeException {
    NotKnownException(String message) {
        super(message);
    }
}
