package org.initlab.data;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Fashion-MNIST (Xiao, Rasul and Vollgraf, 2017): 28x28 grey images of clothing in 10 classes,
 * 60,000 for training and 10,000 for testing, read from the four standard IDX .gz files.
 *
 * <p>The data is not bundled (30 MB); the default folder is, in order, the system property or
 * environment variable {@value #FOLDER_VARIABLE}, then {@value #DEBIAN_FOLDER}, where the Debian
 * package {@code dataset-fashion-mnist} installs it.
 */
public final class FashionMnist {

    /** System property or environment variable naming the folder with the four files. */
    public static final String FOLDER_VARIABLE = "INITLAB_FASHION_MNIST";
    /** Where the Debian package {@code dataset-fashion-mnist} puts the files. */
    public static final String DEBIAN_FOLDER = "/usr/share/datasets/fashion-mnist";

    public static final String TRAIN_IMAGES = "train-images-idx3-ubyte.gz";
    public static final String TRAIN_LABELS = "train-labels-idx1-ubyte.gz";
    public static final String TEST_IMAGES = "t10k-images-idx3-ubyte.gz";
    public static final String TEST_LABELS = "t10k-labels-idx1-ubyte.gz";

    /** Class names, indexed by label. */
    public static final List<String> CLASS_NAMES = List.of("T-shirt/top", "Trouser", "Pullover",
            "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    private static final List<String> FILES = List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES,
            TEST_LABELS);

    private FashionMnist() {
    }

    /** The folder {@link #load(int, int)} reads: {@value #FOLDER_VARIABLE} if set, else Debian's. */
    public static Path defaultFolder() {
        String folder = System.getProperty(FOLDER_VARIABLE);
        if (folder == null || folder.isBlank()) {
            folder = System.getenv(FOLDER_VARIABLE);
        }
        return Path.of(folder == null || folder.isBlank() ? DEBIAN_FOLDER : folder.strip());
    }

    /** Whether all four files are in the default folder (e.g. to skip a notebook cell). */
    public static boolean isAvailable() {
        return isAvailable(defaultFolder());
    }

    /** Whether all four files are in {@code folder}. */
    public static boolean isAvailable(Path folder) {
        return FILES.stream().allMatch(f -> Files.isRegularFile(folder.resolve(f)));
    }

    /** The first {@code trainLimit} training and {@code testLimit} test images, from the default folder. */
    public static Dataset.Split load(int trainLimit, int testLimit) {
        return load(defaultFolder(), trainLimit, testLimit);
    }

    /**
     * The first {@code trainLimit} training and {@code testLimit} test images from {@code folder}
     * (fewer if the files hold fewer), pixels scaled to [0, 1], 784 features per image. The
     * files are stored in no particular class order, so a prefix is close to balanced.
     */
    public static Dataset.Split load(Path folder, int trainLimit, int testLimit) {
        if (trainLimit < 1 || testLimit < 1) {
            throw new IllegalArgumentException("trainLimit and testLimit must be at least 1, got "
                    + trainLimit + " and " + testLimit);
        }
        // Check all four first: a half-installed folder should fail before a long read.
        for (String f : FILES) {
            Path file = folder.resolve(f);
            if (!Files.isRegularFile(file)) {
                throw new DataFileException("Fashion-MNIST not found at " + file + ": "
                        + howToGet(false), new NoSuchFileException(file.toString()));
            }
        }
        Dataset train = part(folder, TRAIN_IMAGES, TRAIN_LABELS, trainLimit, "fashion-mnist/train");
        Dataset test = part(folder, TEST_IMAGES, TEST_LABELS, testLimit, "fashion-mnist/test");
        if (train.features() != test.features()) {
            throw new DataFileException(TRAIN_IMAGES + " has " + train.features()
                    + " pixels per image but " + TEST_IMAGES + " has " + test.features());
        }
        return new Dataset.Split(train, test);
    }

    /**
     * How to get the four files, ending both the "not found" message here and {@link Idx}'s
     * "damaged file" messages: {@code reinstall} is for a file that is there but damaged.
     */
    static String howToGet(boolean reinstall) {
        return (reinstall ? "reinstall" : "install") + " the Debian package dataset-fashion-mnist"
                + " (sudo apt-get install " + (reinstall ? "--reinstall " : "")
                + "dataset-fashion-mnist), or put the four IDX .gz files in a folder and pass it"
                + " (or set " + FOLDER_VARIABLE + ")";
    }

    private static Dataset part(Path folder, String imagesName, String labelsName, int limit,
            String name) {
        Path imagesFile = folder.resolve(imagesName);
        Path labelsFile = folder.resolve(labelsName);
        // Headers first: a count mismatch means the files do not belong together.
        int images = Idx.readHeader(imagesFile).count();
        int labels = Idx.readHeader(labelsFile).count();
        if (images != labels) {
            throw new DataFileException(imagesName + " holds " + images + " images but "
                    + labelsName + " holds " + labels + " labels; they must come in matching pairs");
        }
        double[][] x = Idx.readImages(imagesFile, limit);
        int[] y = Idx.readLabels(labelsFile, limit);
        int k = CLASS_NAMES.size();
        for (int i = 0; i < y.length; i++) {
            if (y[i] >= k) {
                throw new DataFileException(labelsName + ": label " + y[i] + " at index " + i
                        + " is outside 0.." + (k - 1));
            }
        }
        return new Dataset(name, x, y, k, CLASS_NAMES);
    }
}
