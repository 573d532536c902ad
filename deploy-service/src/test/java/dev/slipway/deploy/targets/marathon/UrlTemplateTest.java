package dev.slipway.deploy.targets.marathon;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UrlTemplateTest {

    @Test
    void placeholdersAreFilledFromTheTaskAndTheBuild() {
        UrlTemplate template = new UrlTemplate("http://{plan}-{environment}-{build}.apps.example.org:{servicePort}/");
        assertEquals(URI.create("http://shop-review-7.apps.example.org:10019/"),
                template.expand(Map.of("plan", "shop", "environment", "review", "build", "7", "servicePort", "10019")));
    }

    @Test
    void aTemplateWithAnUnknownPlaceholderOrNoUrlIsRefusedAtStartUp() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> new UrlTemplate("http://{hostname}/"));
        assertTrue(unknown.getMessage().contains("names {hostname}"), unknown.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new UrlTemplate("{host}:{port}"));
    }
}
