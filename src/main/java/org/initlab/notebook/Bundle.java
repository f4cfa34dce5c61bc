package org.initlab.notebook;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Jupyter MIME bundle: what one output shows, as {@code mime type -> content} (text, or base64 for
 * images) plus per-type metadata such as an image's display width. Every kernel adapter turns it into
 * its own display-data class, so the three kernels show exactly the same output.
 *
 * @param data     content by MIME type, in insertion order; always has {@code text/plain}
 * @param metadata metadata by MIME type (for example {@code image/png -> {width: 600, height: 400}})
 */
public record Bundle(Map<String, String> data, Map<String, Map<String, Object>> metadata) {

    public static final String TEXT = "text/plain";
    public static final String HTML = "text/html";
    public static final String MARKDOWN = "text/markdown";
    public static final String PNG = "image/png";
    public static final String SVG = "image/svg+xml";

    public Bundle {
        if (!data.containsKey(TEXT)) throw new IllegalArgumentException("a bundle needs a text/plain form");
        data = Collections.unmodifiableMap(new LinkedHashMap<>(data));
        var m = new LinkedHashMap<String, Map<String, Object>>();
        metadata.forEach((k, v) -> m.put(k, Collections.unmodifiableMap(new LinkedHashMap<>(v))));
        metadata = Collections.unmodifiableMap(m);
    }

    /** A plain-text bundle. */
    public static Bundle text(String text) {
        return new Bundle(Map.of(TEXT, text), Map.of());
    }

    /** The text form, what a terminal shows. */
    public String text() { return data.get(TEXT); }

    /** This bundle plus one more MIME type. */
    public Bundle with(String mime, String content) {
        var d = new LinkedHashMap<>(data);
        d.put(mime, content);
        return new Bundle(d, metadata);
    }
}
