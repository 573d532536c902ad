package dev.slipway.webhook.provider.github;

import dev.slipway.webhook.provider.InvalidPayloadException;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/**
 * One field of an {@code application/x-www-form-urlencoded} body, URL-decoded as it is read, so that
 * a body is never copied whole to be decoded: GitHub's form deliveries carry the JSON in {@code payload}.
 */
final class FormField extends InputStream {
    private final byte[] form;
    private final int end;
    private final String name;
    private int position;

    private FormField(byte[] form, int start, int end, String name) {
        this.form = form;
        this.position = start;
        this.end = end;
        this.name = name;
    }

    /** The first field of that name, undecoded names compared as GitHub sends them. */
    static Optional<InputStream> of(byte[] form, String name) {
        byte[] wanted = (name + "=").getBytes(StandardCharsets.US_ASCII);
        int start = 0;
        while (start < form.length) {
            int ampersand = indexOf(form, (byte) '&', start);
            int fieldEnd = ampersand < 0 ? form.length : ampersand;
            if (fieldEnd - start >= wanted.length && Arrays.equals(form, start, start + wanted.length, wanted, 0, wanted.length)) {
                return Optional.of(new FormField(form, start + wanted.length, fieldEnd, name));
            }
            start = fieldEnd + 1;
        }
        return Optional.empty();
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
        if (length == 0) {
            return 0;
        }
        int count = 0;
        while (count < length) {
            int b = read();
            if (b < 0) {
                break;
            }
            buffer[offset + count++] = (byte) b;
        }
        return count == 0 ? -1 : count;
    }

    @Override
    public int read() {
        if (position >= end) {
            return -1;
        }
        byte b = form[position++];
        if (b == '+') {
            return ' ';
        }
        if (b != '%') {
            return b & 0xff;
        }
        if (position + 2 > end || !isHex(form[position]) || !isHex(form[position + 1])) {
            throw new InvalidPayloadException("the form field '" + name + "' is not URL-encoded: '%' must be followed by two hex digits");
        }
        int value = HexFormat.fromHexDigit(form[position]) * 16 + HexFormat.fromHexDigit(form[position + 1]);
        position += 2;
        return value;
    }

    private static boolean isHex(byte b) {
        return HexFormat.isHexDigit(b);
    }

    private static int indexOf(byte[] bytes, byte wanted, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }
}
