package render

import "reflect"

// emptyNotNull turns a nil slice into an empty one, so an empty listing is [] and not null.
func emptyNotNull(v any) any {
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Slice && rv.IsNil() {
		return reflect.MakeSlice(rv.Type(), 0, 0).Interface()
	}
	return v
}
