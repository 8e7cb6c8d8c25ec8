module threadrt.org/anchors/go

go 1.19
