package io.stackpilot.model;

import com.networknt.schema.path.NodePath;

/** Writes a location in a document the way operators read YAML: backup.at, services[2], env.web.LOG_LEVEL. */
final class InstancePath {

  private InstancePath() {}

  static String format(NodePath path) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < path.getNameCount(); i++) {
      Object element = path.getElement(i);
      if (element instanceof Integer index) {
        out.append('[').append(index).append(']');
      } else {
        out.append(out.length() == 0 ? "" : ".").append(element);
      }
    }
    return out.toString();
  }

  static String child(String parent, String key) {
    return parent.isEmpty() ? key : parent + "." + key;
  }

  static String index(String parent, int index) {
    return parent + "[" + index + "]";
  }
}
