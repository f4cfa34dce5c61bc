package org.initlab.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * The 8x8 handwritten digits (1,797 images, 10 classes): small enough to train an MLP on in
 * seconds, real enough that initialization choices show. Shipped inside the jar; see
 * DIGITS-README.md beside the resource for source and license.
 */
public final class Digits {

    /** Classpath location of the data: 65 integer columns, 64 pixels 0..16 then the label. */
    public static final String RESOURCE = "/org/initlab/data/digits.csv.gz";

    private static final int PIXELS = 64;
    private static final int MAX_PIXEL = 16;
    private static final int CLASSES = 10;

    private Digits() {
    }

    /**
     * The images standardized, 20% held out as the test set, which ones drawn by {@code seed}: what the chapters
     * train on (which digits are held out is part of a run's randomness). Read once per JVM and shared.
     */
    public static Dataset.Split split(long seed) { return DataSpec.digits(seed).load(); }

    /** All 1,797 images as a data set named "digits", pixels scaled from 0..16 to [0, 1]. */
    public static Dataset load() {
        InputStream raw = Digits.class.getResourceAsStream(RESOURCE);
        if (raw == null) {
            throw new DataFileException("resource " + RESOURCE + " is missing from the classpath;"
                    + " the build should copy it from src/main/resources");
        }
        try (Reader r = new InputStreamReader(new GZIPInputStream(raw), StandardCharsets.US_ASCII)) {
            return parse(r, "digits.csv.gz");
        } catch (IOException e) {
            throw new DataFileException("cannot read " + RESOURCE + ": " + e.getMessage(), e);
        }
    }

    /** Parses the CSV text; {@code source} names it in error messages. */
    static Dataset parse(Reader text, String source) throws IOException {
        BufferedReader in = new BufferedReader(text);
        List<double[]> xs = new ArrayList<>();
        List<Integer> ys = new ArrayList<>();
        String line;
        for (int lineNo = 1; (line = in.readLine()) != null; lineNo++) {
            String[] cells = line.split(",", -1);
            if (cells.length != PIXELS + 1) {
                throw new DataFileException(source + " line " + lineNo + ": expected "
                        + (PIXELS + 1) + " comma-separated values, found " + cells.length);
            }
            double[] row = new double[PIXELS];
            for (int j = 0; j < PIXELS; j++) {
                int v = cell(cells[j], source, lineNo, j + 1);
                if (v < 0 || v > MAX_PIXEL) {
                    throw new DataFileException(source + " line " + lineNo + ", column " + (j + 1)
                            + ": pixel " + v + " is outside 0.." + MAX_PIXEL);
                }
                row[j] = (double) v / MAX_PIXEL;
            }
            int label = cell(cells[PIXELS], source, lineNo, PIXELS + 1);
            if (label < 0 || label >= CLASSES) {
                throw new DataFileException(source + " line " + lineNo + ": label " + label
                        + " is outside 0.." + (CLASSES - 1));
            }
            xs.add(row);
            ys.add(label);
        }
        if (xs.isEmpty()) {
            throw new DataFileException(source + " holds no rows");
        }
        int[] y = ys.stream().mapToInt(Integer::intValue).toArray();
        return new Dataset("digits", xs.toArray(double[][]::new), y, CLASSES,
                Dataset.defaultClassNames(CLASSES));
    }

    private static int cell(String s, String source, int lineNo, int column) {
        try {
            return Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            throw new DataFileException(source + " line " + lineNo + ", column " + column + ": '"
                    + s + "' is not an integer");
        }
    }
}
