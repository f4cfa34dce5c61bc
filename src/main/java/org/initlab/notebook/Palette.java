package org.initlab.notebook;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A picture as a PNG of at most 256 colours, for the many frames of an {@link Explorable}: a chart is mostly flat
 * colours (white, the grid's grey, a few line colours) plus their anti-aliased blends, so a palette of its 256 most
 * telling colours looks the same and the PNG takes less than half the bytes of a full-colour one. A picture of at most
 * 256 colours keeps them exactly. The palette is cut by the median of the colours, weighted by their pixels, along the
 * widest channel (median cut); each part keeps its most frequent colour, so white stays white. Deterministic: the same
 * picture gives the same bytes on any thread.
 */
final class Palette {
    private Palette() {}

    static final int COLOURS = 256;

    /** The picture as an indexed-colour PNG. */
    static byte[] png(BufferedImage rgb) {
        return Render.encode(indexed(rgb));
    }

    /** The picture with at most {@link #COLOURS} colours, in an indexed-colour image. */
    static BufferedImage indexed(BufferedImage rgb) {
        int w = rgb.getWidth(), h = rgb.getHeight();
        int[] pixels = rgb.getRGB(0, 0, w, h, null, 0, w);
        for (int i = 0; i < pixels.length; i++) pixels[i] &= 0xffffff;
        // The distinct colours, sorted, and how many pixels have each.
        int[] sorted = pixels.clone();
        Arrays.sort(sorted);
        int n = 0;
        for (int i = 0; i < sorted.length; i++) if (i == 0 || sorted[i] != sorted[i - 1]) n++;
        int[] colours = new int[n];
        long[] counts = new long[n];
        for (int i = 0, k = -1; i < sorted.length; i++) {
            if (i == 0 || sorted[i] != sorted[i - 1]) colours[++k] = sorted[i];
            counts[k]++;
        }
        int[] palette = n <= COLOURS ? colours : medianCut(colours, counts);
        int[] nearest = new int[n];
        for (int k = 0; k < n; k++) nearest[k] = nearest(colours[k], palette);

        byte[] r = new byte[palette.length], g = new byte[palette.length], b = new byte[palette.length];
        for (int q = 0; q < palette.length; q++) {
            r[q] = (byte) (palette[q] >> 16);
            g[q] = (byte) (palette[q] >> 8);
            b[q] = (byte) palette[q];
        }
        var model = new IndexColorModel(8, palette.length, r, g, b);
        var out = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_INDEXED, model);
        byte[] data = ((DataBufferByte) out.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < pixels.length; i++) data[i] = (byte) nearest[Arrays.binarySearch(colours, pixels[i])];
        return out;
    }

    /** {@link #COLOURS} colours for the distinct {@code colours} (sorted) seen {@code counts} times each. */
    private static int[] medianCut(int[] colours, long[] counts) {
        // A box is a range [from, to) of `order`, the indices of its colours.
        int[] order = new int[colours.length];
        for (int k = 0; k < order.length; k++) order[k] = k;
        List<int[]> boxes = new ArrayList<>(List.of(new int[]{0, order.length}));
        while (boxes.size() < COLOURS) {
            int best = -1, bestChannel = 0;
            long bestScore = 0;
            for (int i = 0; i < boxes.size(); i++) {
                int[] box = boxes.get(i);
                long weight = 0;
                for (int k = box[0]; k < box[1]; k++) weight += counts[order[k]];
                for (int c = 0; c < 3; c++) {
                    long score = (long) spread(colours, order, box, c) * weight;
                    if (score > bestScore) {
                        bestScore = score;
                        best = i;
                        bestChannel = c;
                    }
                }
            }
            if (best < 0) break; // every box holds one colour
            int[] box = boxes.remove(best);
            int cut = sortAndCut(colours, counts, order, box, bestChannel);
            boxes.add(best, new int[]{cut, box[1]});
            boxes.add(best, new int[]{box[0], cut});
        }
        int[] palette = new int[boxes.size()];
        for (int i = 0; i < palette.length; i++) {
            int[] box = boxes.get(i);
            int mode = order[box[0]];
            for (int k = box[0]; k < box[1]; k++) if (counts[order[k]] > counts[mode]) mode = order[k];
            palette[i] = colours[mode];
        }
        return palette;
    }

    private static int channel(int colour, int c) { return (colour >> (16 - 8 * c)) & 0xff; }

    private static int spread(int[] colours, int[] order, int[] box, int c) {
        int lo = 255, hi = 0;
        for (int k = box[0]; k < box[1]; k++) {
            int v = channel(colours[order[k]], c);
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        return hi - lo;
    }

    /** Sorts the box by channel {@code c} (then by colour) and returns where its pixels divide in half. */
    private static int sortAndCut(int[] colours, long[] counts, int[] order, int[] box, int c) {
        long[] keys = new long[box[1] - box[0]];
        for (int k = box[0]; k < box[1]; k++) keys[k - box[0]] = ((long) channel(colours[order[k]], c) << 32) | order[k];
        Arrays.sort(keys);
        long total = 0;
        for (int k = 0; k < keys.length; k++) {
            order[box[0] + k] = (int) keys[k];
            total += counts[(int) keys[k]];
        }
        long seen = 0;
        for (int k = box[0]; k < box[1] - 1; k++) {
            seen += counts[order[k]];
            if (2 * seen >= total) return k + 1;
        }
        return box[1] - 1;
    }

    /** The palette entry closest to {@code colour}, green weighing most as the eye does. */
    private static int nearest(int colour, int[] palette) {
        int best = 0;
        long bestDistance = Long.MAX_VALUE;
        for (int q = 0; q < palette.length; q++) {
            long dr = channel(colour, 0) - channel(palette[q], 0), dg = channel(colour, 1) - channel(palette[q], 1),
                    db = channel(colour, 2) - channel(palette[q], 2);
            long d = 3 * dr * dr + 4 * dg * dg + 2 * db * db;
            if (d < bestDistance) {
                bestDistance = d;
                best = q;
            }
        }
        return best;
    }
}
