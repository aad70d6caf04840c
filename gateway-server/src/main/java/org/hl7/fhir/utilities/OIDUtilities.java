package org.hl7.fhir.utilities;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for the FHIR core library's {@code OIDUtilities} (org.hl7.fhir.utilities 6.7.9) so that
 * its OID registry is read once per JVM instead of once per validation.
 *
 * <p>Why: HAPI's instance validator builds a new {@code InstanceValidator} for every call, and that
 * constructor creates a new {@code OIDUtilities}, which parses the library's 1.5 MB {@code
 * oidregistry.csv} (about 15 ms of CPU). On the gateway's write paths (FHIR writes, e-messages, HL7
 * v2) that was the largest single cost of a validation.
 *
 * <p>How: this class comes first on the gateway's class path (the application's own classes precede
 * its libraries). It loads the library's original class from the library jar in a small child-first
 * class loader ({@link Original}), constructs it once, and forwards every call to it through method
 * handles, so every answer is the original's. Its public members are the original's ({@code
 * OidUtilitiesShadowTest} compares both and the answers for every OID in the registry); when the
 * library is upgraded and the test fails, update or remove this class.
 */
public class OIDUtilities {

  /** Creates nothing: the registry is the one shared original instance. */
  public OIDUtilities() {
    Original.touch();
  }

  public static String getUriForOid(String oid) {
    return Original.invokeStatic(Original.GET_URI_FOR_OID, oid);
  }

  public static String oidTail(String oid) {
    return Original.invokeStatic(Original.OID_TAIL, oid);
  }

  public static String oidRoot(String oid) {
    return Original.invokeStatic(Original.OID_ROOT, oid);
  }

  public static boolean isValidOID(String oid) {
    try {
      return (boolean) Original.IS_VALID_OID.invokeExact(oid);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  public boolean isKnownOID(String oid) {
    try {
      return (boolean) Original.IS_KNOWN_OID.invoke(Original.INSTANCE, oid);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  /** Kept for the original's shape; the library itself uses it only inside the registry. */
  public static class OIDInfo {
    private String oid;
    private String name;
    private String codeSystem;
    private Integer type;

    public String getOid() {
      return oid;
    }

    public void setOid(String oid) {
      this.oid = oid;
    }

    public String getName() {
      return name;
    }

    public void setName(String name) {
      this.name = name;
    }

    public String getCodeSystem() {
      return codeSystem;
    }

    public void setCodeSystem(String codeSystem) {
      this.codeSystem = codeSystem;
    }

    public Integer getType() {
      return type;
    }

    public void setType(Integer type) {
      this.type = type;
    }

    @Override
    public String toString() {
      return "OID: " + oid + ", Name: " + name + ", CodeSystem: " + codeSystem + ", Type: " + type;
    }
  }

  /** The library's original class, its one instance and handles to its public methods. */
  static final class Original {
    private static final String NAME = "org.hl7.fhir.utilities.OIDUtilities";
    private static final AtomicInteger CONSTRUCTED = new AtomicInteger();

    static final Class<?> CLASS;
    static final Object INSTANCE;
    static final MethodHandle GET_URI_FOR_OID;
    static final MethodHandle OID_TAIL;
    static final MethodHandle OID_ROOT;
    static final MethodHandle IS_VALID_OID;
    static final MethodHandle IS_KNOWN_OID;

    static {
      try {
        CLASS = load();
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        MethodType stringToString = MethodType.methodType(String.class, String.class);
        GET_URI_FOR_OID = lookup.findStatic(CLASS, "getUriForOid", stringToString);
        OID_TAIL = lookup.findStatic(CLASS, "oidTail", stringToString);
        OID_ROOT = lookup.findStatic(CLASS, "oidRoot", stringToString);
        IS_VALID_OID =
            lookup.findStatic(
                CLASS, "isValidOID", MethodType.methodType(boolean.class, String.class));
        IS_KNOWN_OID =
            lookup.findVirtual(
                CLASS, "isKnownOID", MethodType.methodType(boolean.class, String.class));
        INSTANCE = CLASS.getConstructor().newInstance();
        CONSTRUCTED.incrementAndGet();
      } catch (ReflectiveOperationException | IOException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    private Original() {}

    static void touch() {
      // class initialisation (above) is the work; nothing per instance
    }

    /** How many original instances were built (one per JVM). */
    static int constructed() {
      return CONSTRUCTED.get();
    }

    static String invokeStatic(MethodHandle handle, String oid) {
      try {
        return (String) handle.invokeExact(oid);
      } catch (RuntimeException | Error e) {
        throw e;
      } catch (Throwable t) {
        throw new IllegalStateException(t);
      }
    }

    /** Every copy of the class file on the class path: this shadow first, then the library's. */
    static List<URL> copies() throws IOException {
      ClassLoader loader = OIDUtilities.class.getClassLoader();
      return Collections.list(loader.getResources(NAME.replace('.', '/') + ".class"));
    }

    private static Class<?> load() throws IOException, ClassNotFoundException {
      URL self = OIDUtilities.class.getResource("OIDUtilities.class");
      List<URL> others = new ArrayList<>();
      for (URL copy : copies()) {
        if (!copy.toString().equals(String.valueOf(self))) {
          others.add(copy);
        }
      }
      if (others.size() != 1) {
        throw new IOException(
            "expected exactly one library copy of " + NAME + " on the class path, found " + others);
      }
      URL original = others.get(0);
      String base = original.toString();
      base = base.substring(0, base.length() - "OIDUtilities.class".length());
      return new ChildFirst(new URL(base), OIDUtilities.class.getClassLoader()).loadClass(NAME);
    }
  }

  /**
   * Defines the library's {@code OIDUtilities} (and its nested classes) from the library's own
   * class files; everything else, including {@code oidregistry.csv}, comes from the application's
   * class loader.
   */
  private static final class ChildFirst extends ClassLoader {
    private final URL packageBase;

    ChildFirst(URL packageBase, ClassLoader parent) {
      super("oid-utilities-original", parent);
      this.packageBase = packageBase;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (!name.equals(Original.NAME) && !name.startsWith(Original.NAME + "$")) {
        return super.loadClass(name, resolve);
      }
      synchronized (getClassLoadingLock(name)) {
        Class<?> loaded = findLoadedClass(name);
        if (loaded == null) {
          String simple = name.substring("org.hl7.fhir.utilities.".length());
          try (InputStream in = new URL(packageBase, simple + ".class").openStream()) {
            byte[] bytes = in.readAllBytes();
            loaded = defineClass(name, bytes, 0, bytes.length);
          } catch (IOException e) {
            throw new ClassNotFoundException(name, e);
          }
        }
        if (resolve) {
          resolveClass(loaded);
        }
        return loaded;
      }
    }
  }
}
