package dev.slipway.testing;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/** Someone calling a running service: with a token of some role, or with none. */
public final class Caller {
    private final Function<String, URI> uris;
    private final String token;

    Caller(Function<String, URI> uris, String token) {
        this.uris = uris;
        this.token = token;
    }

    /** GETs {@code path} with the given headers, given as name, value, name, value, ... */
    public HttpAnswer get(String path, String... headers) {
        return HttpAnswer.send(HttpAnswer.request(uris.apply(path), withToken(headers)).GET());
    }

    /** POSTs {@code body} exactly as given, with the given headers. */
    public HttpAnswer post(String path, byte[] body, String... headers) {
        return HttpAnswer.send(HttpAnswer.request(uris.apply(path), withToken(headers)).POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    /** POSTs a JSON body. */
    public HttpAnswer postJson(String path, String json, String... headers) {
        List<String> all = new ArrayList<>(List.of("Content-Type", "application/json"));
        all.addAll(Arrays.asList(headers));
        return post(path, json.getBytes(StandardCharsets.UTF_8), all.toArray(String[]::new));
    }

    private String[] withToken(String[] headers) {
        boolean own = false;
        for (int i = 0; i < headers.length; i += 2) {
            own |= headers[i].equalsIgnoreCase("Authorization");
        }
        if (token == null || own) {
            return headers;
        }
        String[] all = Arrays.copyOf(headers, headers.length + 2);
        all[headers.length] = "Authorization";
        all[headers.length + 1] = "Bearer " + token;
        return all;
    }
}
