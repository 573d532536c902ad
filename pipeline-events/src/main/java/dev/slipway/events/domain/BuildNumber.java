package dev.slipway.events.domain;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The number a plan's build gets when its artifact is stored: 1, 2, 3, ... per plan. */
public record BuildNumber(long value) implements Comparable<BuildNumber> {

    @JsonCreator
    public BuildNumber {
        if (value < 1) {
            throw new IllegalArgumentException("build number must be 1 or more, was " + value);
        }
    }

    public static BuildNumber of(long value) {
        return new BuildNumber(value);
    }

    public BuildNumber next() {
        return new BuildNumber(value + 1);
    }

    @JsonValue
    @Override
    public long value() {
        return value;
    }

    @Override
    public int compareTo(BuildNumber other) {
        return Long.compare(value, other.value);
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
