"""The file facts' decoders, compiled ahead (written by ``python -m modlint.facts.prebuilt``: do not edit).

Each is the function :func:`modlint.codec.decoder` would compile for one value class, registered
by the digest of that source: a stale one is never used.
"""

from typing import Any

from modlint import codec


def _Assigned(d0: Any, d3: Any, fail: Any, kind: Any, new: Any, p1: Any, p2: Any, p4: Any, p5: Any, seq: Any) -> Any:
    def decode_dataclass(data: Any) -> Any:
        if type(data) not in seq or len(data) != 6:
            fail('Assigned', data, 6)
        v0 = d0(data[0])
        v1 = data[1]
        if type(v1) is not p1:
            fail('field', v1, p1)
        v2 = data[2]
        if type(v2) not in seq or (v2 and any(type(x) is not p2 for x in v2)):
            fail('items', v2, p2)
        v2 = tuple(v2)
        v3 = data[3]
        if type(v3) not in seq:
            fail('items', v3, 'a sequence')
        v3 = tuple([d3(x) for x in v3]) if v3 else ()
        v4 = data[4]
        if type(v4) is not p4:
            fail('field', v4, p4)
        v5 = data[5]
        if type(v5) is not p5:
            fail('field', v5, p5)
        obj = new(kind)
        obj.__dict__.update({'position': v0, 'literal': v1, 'values': v2, 'positions': v3, 'none': v4, 'scalar': v5})
        return obj

    return decode_dataclass


def _Binding(d1: Any, d2: Any, fail: Any, kind: Any, new: Any, p0: Any, p3: Any, p4: Any, seq: Any) -> Any:
    def decode_dataclass(data: Any) -> Any:
        if type(data) not in seq or len(data) != 5:
            fail('Binding', data, 5)
        v0 = data[0]
        if type(v0) is not p0:
            fail('field', v0, p0)
        v1 = d1(data[1])
        v2 = d2(data[2])
        v3 = data[3]
        if type(v3) not in seq or (v3 and any(type(x) is not p3 for x in v3)):
            fail('items', v3, p3)
        v3 = tuple(v3)
        v4 = data[4]
        if type(v4) not in seq or (v4 and any(type(x) is not p4 for x in v4)):
            fail('items', v4, p4)
        v4 = tuple(v4)
        obj = new(kind)
        obj.__dict__.update({'name': v0, 'position': v1, 'shape': v2, 'refs': v3, 'strings': v4})
        return obj

    return decode_dataclass


def _Definition(d0: Any, d1: Any, d2: Any, d3: Any, fail: Any, k1: Any, k2: Any, k3: Any, kind: Any, new: Any, seq: Any, u1: Any) -> Any:
    def decode_dataclass(data: Any) -> Any:
        if type(data) not in seq or len(data) != 4:
            fail('Definition', data, 4)
        v0 = d0(data[0])
        v1 = data[1]
        if type(v1) not in seq:
            fail('items', v1, 'a sequence')
        v1 = tuple([((x[0], (x[1] if type(x[1]) in u1 else d1(x[1]))) if type(x) in seq and len(x) == 2 and type(x[0]) is k1 else fail('pair', x, k1)) for x in v1]) if v1 else ()
        v2 = data[2]
        if type(v2) not in seq:
            fail('items', v2, 'a sequence')
        v2 = tuple([((x[0], d2(x[1])) if type(x) in seq and len(x) == 2 and type(x[0]) is k2 else fail('pair', x, k2)) for x in v2]) if v2 else ()
        v3 = data[3]
        if type(v3) not in seq:
            fail('items', v3, 'a sequence')
        v3 = tuple([((x[0], d3(x[1])) if type(x) in seq and len(x) == 2 and type(x[0]) is k3 else fail('pair', x, k3)) for x in v3]) if v3 else ()
        obj = new(kind)
        obj.__dict__.update({'position': v0, 'facts': v1, 'keywords': v2, 'elements': v3})
        return obj

    return decode_dataclass


def _FileFacts(d1: Any, d10: Any, d11: Any, d2: Any, d3: Any, d5: Any, d6: Any, d7: Any, d8: Any, fail: Any, kind: Any, new: Any, p0: Any, p4: Any, p9: Any, seq: Any) -> Any:
    def decode_dataclass(data: Any) -> Any:
        if type(data) not in seq or len(data) != 12:
            fail('FileFacts', data, 12)
        v0 = data[0]
        if type(v0) is not p0:
            fail('field', v0, p0)
        v1 = data[1]
        if type(v1) not in seq:
            fail('items', v1, 'a sequence')
        v1 = tuple([d1(x) for x in v1]) if v1 else ()
        v2 = data[2]
        if type(v2) not in seq:
            fail('items', v2, 'a sequence')
        v2 = tuple([d2(x) for x in v2]) if v2 else ()
        v3 = data[3]
        if v3 is not None:
            v3 = d3(v3)
        v4 = data[4]
        if type(v4) is not p4:
            fail('field', v4, p4)
        v5 = data[5]
        if v5 is not None:
            v5 = d5(v5)
        v6 = data[6]
        if v6 is not None:
            v6 = d6(v6)
        v7 = data[7]
        if type(v7) not in seq:
            fail('items', v7, 'a sequence')
        v7 = tuple([d7(x) for x in v7]) if v7 else ()
        v8 = d8(data[8])
        v9 = data[9]
        if type(v9) is not p9:
            fail('field', v9, p9)
        v10 = data[10]
        if v10 is not None:
            v10 = d10(v10)
        v11 = data[11]
        if v11 is not None:
            v11 = d11(v11)
        obj = new(kind)
        obj.__dict__.update({'path': v0, 'values': v1, 'imports': v2, 'shim_blocker': v3, 'has_import': v4, 'definition': v5, 'problem': v6, 'suppressions': v7, 'depth': v8, 'defines_at_top': v9, 'migration': v10, 'outline': v11})
        return obj

    return decode_dataclass


def _ImportFact(d0: Any, fail: Any, kind: Any, new: Any, p1: Any, p2: Any, p3: Any, p4: Any, seq: Any) -> Any:
    def decode_dataclass(data: Any) -> Any:
        if type(data) not in seq or len(data) != 5:
            fail('ImportFact', data, 5)
        v0 = d0(data[0])
        v1 = data[1]
        if type(v1) not in seq or (v1 and any(type(x) is not p1 for x in v1)):
            fail('items', v1, p1)
        v1 = tuple(v1)
        v2 = data[2]
        if type(v2) is not p2:
            fail('field', v2, p2)
        v3 = data[3]
        if type(v3) is not p3:
            fail('field', v3, p3)
        v4 = data[4]
        if type(v4) is not p4:
            fail('field', v4, p4)
        obj = new(kind)
        obj.__dict__.update({'position': v0, 'targets': v1, 'is_from': v2, 'type_checking': v3, 'dynamic': v4})
        return obj

    return decode_dataclass


def _MigrationFacts(d0: Any, d1: Any, d2: Any, d3: Any, fail: Any, kind: Any, new: Any, p4: Any, p5: Any, seq: Any) -> Any:
    def decode_dataclass(data: Any) -> Any:
        if type(data) not in seq or len(data) != 6:
            fail('MigrationFacts', data, 6)
        v0 = data[0]
        if v0 is not None:
            v0 = d0(v0)
        v1 = data[1]
        if v1 is not None:
            v1 = d1(v1)
        v2 = data[2]
        if v2 is not None:
            v2 = d2(v2)
        v3 = data[3]
        if v3 is not None:
            v3 = d3(v3)
        v4 = data[4]
        if type(v4) is not p4:
            fail('field', v4, p4)
        v5 = data[5]
        if type(v5) is not p5:
            fail('field', v5, p5)
        obj = new(kind)
        obj.__dict__.update({'revision': v0, 'down_revision': v1, 'branch_labels': v2, 'depends_on': v3, 'has_upgrade': v4, 'has_downgrade': v5})
        return obj

    return decode_dataclass


def _ParseProblem(d0: Any, fail: Any, kind: Any, new: Any, p1: Any, seq: Any) -> Any:
    def decode_dataclass(data: Any) -> Any:
        if type(data) not in seq or len(data) != 2:
            fail('ParseProblem', data, 2)
        v0 = d0(data[0])
        v1 = data[1]
        if type(v1) is not p1:
            fail('field', v1, p1)
        obj = new(kind)
        obj.__dict__.update({'position': v0, 'message': v1})
        return obj

    return decode_dataclass


def _RevisionOutline(fail: Any, kind: Any, new: Any, p0: Any, p1: Any, p2: Any, p3: Any, p4: Any, seq: Any) -> Any:
    def decode_dataclass(data: Any) -> Any:
        if type(data) not in seq or len(data) != 5:
            fail('RevisionOutline', data, 5)
        v0 = data[0]
        if type(v0) is not p0 and v0 is not None:
            fail('field', v0, p0)
        v1 = data[1]
        if type(v1) is not p1:
            fail('field', v1, p1)
        v2 = data[2]
        if type(v2) not in seq or (v2 and any(type(x) is not p2 for x in v2)):
            fail('items', v2, p2)
        v2 = tuple(v2)
        v3 = data[3]
        if type(v3) not in seq or (v3 and any(type(x) is not p3 for x in v3)):
            fail('items', v3, p3)
        v3 = tuple(v3)
        v4 = data[4]
        if type(v4) not in seq or (v4 and any(type(x) is not p4 for x in v4)):
            fail('items', v4, p4)
        v4 = tuple(v4)
        obj = new(kind)
        obj.__dict__.update({'revision': v0, 'placed': v1, 'down': v2, 'depends': v3, 'labels': v4})
        return obj

    return decode_dataclass


def _Suppression(d0: Any, fail: Any, kind: Any, new: Any, p1: Any, p2: Any, p3: Any, seq: Any) -> Any:
    def decode_dataclass(data: Any) -> Any:
        if type(data) not in seq or len(data) != 4:
            fail('Suppression', data, 4)
        v0 = d0(data[0])
        v1 = data[1]
        if type(v1) not in seq or (v1 and any(type(x) is not p1 for x in v1)):
            fail('items', v1, p1)
        v1 = tuple(v1)
        v2 = data[2]
        if type(v2) is not p2:
            fail('field', v2, p2)
        v3 = data[3]
        if type(v3) is not p3:
            fail('field', v3, p3)
        obj = new(kind)
        obj.__dict__.update({'position': v0, 'codes': v1, 'everything': v2, 'file_level': v3})
        return obj

    return decode_dataclass


def _Position(fail: Any, kind: Any, new: Any, p0: Any, p1: Any, seq: Any) -> Any:
    def decode_dataclass(data: Any) -> Any:
        if type(data) not in seq or len(data) != 2:
            fail('Position', data, 2)
        v0 = data[0]
        if type(v0) is not p0:
            fail('field', v0, p0)
        v1 = data[1]
        if type(v1) is not p1:
            fail('field', v1, p1)
        obj = new(kind)
        obj.__dict__.update({'line': v0, 'column': v1})
        return obj

    return decode_dataclass


codec.register_prebuilt(
    {
        '29130274e34f3f9329e2420c': _Assigned,
        '5fb7d5ccb5ef75e4480d509c': _Binding,
        '085887d7e1de907fe24066b2': _Definition,
        '83de9ad2120709e7b28657b8': _FileFacts,
        '3810c5a5c4ee8591f0eece48': _ImportFact,
        '35ea993576d5eaef3fd3b093': _MigrationFacts,
        'd99db2bfc26a15be02cdd7c5': _ParseProblem,
        'e8ad900d208443a7aec893fa': _RevisionOutline,
        '3f6f748be40fde3eda954b4f': _Suppression,
        'e69dad4f944e68e4e8f934cb': _Position,
    }
)
