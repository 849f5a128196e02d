package dev.weir.api.state;

import dev.weir.api.serialization.TypeSerializer;
import dev.weir.api.typeinfo.TypeInformation;
import java.util.List;

/** Describes a {@link MapState}: its name, map key type and map value type. */
public class MapStateDescriptor<UK, UV> extends StateDescriptor {
    private final TypeInformation<UK> keyTypeInfo;
    private final TypeInformation<UV> valueTypeInfo;
    private final TypeSerializer<UK> keySerializer;
    private final TypeSerializer<UV> valueSerializer;

    public MapStateDescriptor(String name, Class<UK> keyClass, Class<UV> valueClass) {
        this(name, typeOf(keyClass, "map key", name), typeOf(valueClass, "map value", name), null, null);
    }

    public MapStateDescriptor(String name, TypeInformation<UK> keyTypeInfo, TypeInformation<UV> valueTypeInfo) {
        this(name, require(keyTypeInfo, "map key type", name), require(valueTypeInfo, "map value type", name),
                null, null);
    }

    /** With hand-written serializers of the map keys and values. */
    public MapStateDescriptor(String name, TypeSerializer<UK> keySerializer, TypeSerializer<UV> valueSerializer) {
        this(name, null, null, require(keySerializer, "map key serializer", name),
                require(valueSerializer, "map value serializer", name));
    }

    private MapStateDescriptor(String name, TypeInformation<UK> keyTypeInfo, TypeInformation<UV> valueTypeInfo,
                               TypeSerializer<UK> keySerializer, TypeSerializer<UV> valueSerializer) {
        super(name);
        this.keyTypeInfo = keyTypeInfo;
        this.valueTypeInfo = valueTypeInfo;
        this.keySerializer = keySerializer;
        this.valueSerializer = valueSerializer;
    }

    /** The map key type, or null when the descriptor was given serializers. */
    public TypeInformation<UK> getKeyTypeInformation() {
        return keyTypeInfo;
    }

    /** The map value type, or null when the descriptor was given serializers. */
    public TypeInformation<UV> getValueTypeInformation() {
        return valueTypeInfo;
    }

    /** The map key serializer given to the constructor, or null: then Weir chooses one from the type. */
    public TypeSerializer<UK> getKeySerializer() {
        return keySerializer;
    }

    /** The map value serializer given to the constructor, or null: then Weir chooses one from the type. */
    public TypeSerializer<UV> getValueSerializer() {
        return valueSerializer;
    }

    @Override
    public Type getType() {
        return Type.MAP;
    }

    @Override
    public List<StoredType> getStoredTypes() {
        return List.of(stored("map key", keyTypeInfo, keySerializer), stored("map value", valueTypeInfo, valueSerializer));
    }
}
