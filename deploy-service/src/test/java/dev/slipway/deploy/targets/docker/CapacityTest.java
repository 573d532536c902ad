package dev.slipway.deploy.targets.docker;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CapacityTest {

    @Test
    void whatDoesNotFitIsSaidAsAClusterWouldSayIt() {
        Capacity free = new Capacity(2, 4096).minus(new Capacity(1.5, 512));
        assertEquals(Optional.of("insufficient cpus: needs 1, 0.5 free"), free.shortfall(new Capacity(1, 64)));
        assertEquals(Optional.of("insufficient cpus: needs 1, 0.5 free; insufficient memory: needs 4000 MiB, 3584 MiB free"),
                free.shortfall(new Capacity(1, 4000)));
        assertEquals(Optional.empty(), free.shortfall(new Capacity(0.5, 3584)), "exactly what is free fits");
    }

    @Test
    void fractionsOfCpusAddUpWithoutFloatingPointNoise() {
        Capacity reserved = new Capacity(0.1, 1).plus(new Capacity(0.2, 1));
        assertEquals(Optional.of("insufficient cpus: needs 0.8, 0.7 free"), new Capacity(1, 10).minus(reserved).shortfall(new Capacity(0.8, 1)));
    }
}
