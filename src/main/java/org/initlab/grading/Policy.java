package org.initlab.grading;

import java.util.List;
import java.util.Set;

/**
 * What an answer's compiled classes may name (internal names, {@code java/lang/Math}): plain computation over the
 * JDK's values, collections and streams, printing, and the course's library; or, for an answer that must derive
 * something itself, only the library members its cell lists ({@link #usesOnly}).
 *
 * <p>An allow-list, not a deny-list: anything the JDK adds later is refused until it is listed here.
 */
public record Policy(List<String> libraryMembers) {

    /** Bootstrap methods of lambdas, string concatenation, records and pattern switches: what javac emits itself. */
    static final Set<String> BOOTSTRAPS = Set.of("java/lang/invoke/LambdaMetafactory",
            "java/lang/invoke/StringConcatFactory", "java/lang/runtime/ObjectMethods", "java/lang/runtime/SwitchBootstraps");

    /** Named by every class with a lambda (its InnerClasses attribute), never to be called from an answer. */
    private static final Set<String> LOOKUP = Set.of("java/lang/invoke/MethodHandles", "java/lang/invoke/MethodHandles$Lookup");

    private static final Set<String> JAVA_LANG = Set.of("Object", "String", "StringBuilder", "Math", "StrictMath",
            "Integer", "Long", "Double", "Float", "Short", "Byte", "Boolean", "Character", "Number", "Comparable",
            "CharSequence", "Iterable", "Enum", "Record", "Throwable", "Exception", "RuntimeException",
            "IllegalArgumentException", "IllegalStateException", "UnsupportedOperationException", "ArithmeticException",
            "IndexOutOfBoundsException", "ArrayIndexOutOfBoundsException", "NullPointerException", "AssertionError",
            "MatchException");

    private static final Set<String> JAVA_UTIL = Set.of("List", "ArrayList", "LinkedList", "Arrays", "Collection",
            "Collections", "Map", "Map$Entry", "HashMap", "LinkedHashMap", "TreeMap", "Set", "HashSet", "LinkedHashSet",
            "TreeSet", "Iterator", "ListIterator", "Objects", "Optional", "OptionalDouble", "OptionalInt", "OptionalLong",
            "Comparator", "DoubleSummaryStatistics", "IntSummaryStatistics", "LongSummaryStatistics", "Locale", "Deque",
            "ArrayDeque", "Queue", "PriorityQueue", "SequencedCollection", "SequencedMap", "SequencedSet", "StringJoiner",
            "BitSet", "NoSuchElementException", "Random", "SplittableRandom", "random/RandomGenerator");

    /** System: printing and clocks only (not exit, properties, environment, streams to replace, or loading). */
    private static final Set<String> SYSTEM_MEMBERS = Set.of("out", "err", "nanoTime", "currentTimeMillis",
            "arraycopy", "lineSeparator");

    private static final Set<String> PRINTING = Set.of("print", "println", "printf", "format");

    /** Parts of the library that reach the kernel, the network or the machine: never from an answer. */
    private static final List<String> LIBRARY_OFF_LIMITS = List.of("org/initlab/notebook/Kernel",
            "org/initlab/cluster/", "org/initlab/bench/", "org/initlab/grading/");

    public Policy {
        libraryMembers = libraryMembers == null ? null : List.copyOf(libraryMembers);
    }

    /** The JDK's computation and the whole library (its parts that reach the kernel or the machine aside). */
    public static Policy standard() { return new Policy(null); }

    /**
     * The JDK's computation, and of the library and Smile only these members ("org.initlab.init.Init.custom") or
     * classes ("smile.math.random.RandomNumberGenerator"): for an answer that must derive what the library has.
     */
    public static Policy usesOnly(List<String> members) {
        if (members == null) throw new IllegalArgumentException("usesOnly needs a list of members, got null");
        return new Policy(members.stream().map(m -> m.strip().replace('.', '/')).toList());
    }

    String describe() {
        return libraryMembers == null
                ? "an answer may not use: only computation, printing and the course's library are allowed"
                : "this answer may not use: it must be derived with plain Java"
                        + (libraryMembers.isEmpty() ? "" : " and " + String.join(", ",
                                libraryMembers.stream().map(m -> m.replace('/', '.')).toList()));
    }

    boolean allowsClass(String internalName) {
        String name = element(internalName);
        if (name == null) return true;   // a primitive array
        if (BOOTSTRAPS.contains(name) || LOOKUP.contains(name) || name.startsWith("REPL/")) return true;
        if (name.startsWith("java/lang/") && JAVA_LANG.contains(name.substring(10))) return true;
        if (name.equals("java/lang/System") || name.equals("java/io/PrintStream")) return true;   // members checked
        if (name.startsWith("java/util/function/") || name.startsWith("java/util/stream/")) return true;
        if (name.startsWith("java/util/") && JAVA_UTIL.contains(name.substring(10))) return true;
        return library(name, null);
    }

    boolean allowsMember(String owner, String member) {
        String name = element(owner);
        if (name == null) return true;   // clone() of a primitive array
        if (LOOKUP.contains(name)) return false;
        if (name.equals("java/lang/System")) return SYSTEM_MEMBERS.contains(member);
        if (name.equals("java/io/PrintStream")) return PRINTING.contains(member);
        if (name.equals("java/lang/Object")) return !member.equals("getClass");
        if (!allowsClass(name)) return false;
        return !(name.startsWith("org/initlab/") || name.startsWith("smile/")) || library(name, member);
    }

    private boolean library(String name, String member) {
        boolean ours = name.startsWith("org/initlab/"), smile = name.startsWith("smile/math/");
        if (!ours && !smile) return false;
        if (ours && LIBRARY_OFF_LIMITS.stream().anyMatch(name::startsWith)) return false;
        // A class named alone (a cast, an array, a lambda's interface, its InnerClasses entry) does nothing by itself:
        // what acts is a member, and those are what usesOnly lists.
        if (libraryMembers == null || member == null) return true;
        return libraryMembers.contains(name) || libraryMembers.contains(name + "/" + member);
    }

    /** The element class of an array type, the class itself otherwise; null for primitive arrays. */
    private static String element(String internalName) {
        String name = internalName;
        while (name.startsWith("[")) name = name.substring(1);
        if (name.startsWith("L") && name.endsWith(";")) return name.substring(1, name.length() - 1);
        return name.length() == 1 ? null : name;
    }
}
