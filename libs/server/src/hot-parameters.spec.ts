import 'reflect-metadata';
import { ValidationPipe } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsString, Matches } from 'class-validator';
import { HotParameters, HotPathValidationPipe, hotParametersParser } from './hot-parameters';

const ID = /^[A-Za-z0-9-]{1,20}$/;
const distinctList = ({ value }: { value: unknown }) =>
  typeof value === 'string'
    ? [
        ...new Set(
          value
            .split(',')
            .map((v) => v.trim())
            .filter(Boolean),
        ),
      ]
    : value;

@HotParameters({ storeId: { one: ID } })
class StoreParams {
  @IsString()
  @Matches(ID)
  storeId!: string;
}

@HotParameters({ skus: { commaList: ID, max: 3, distinct: true } })
class SkusQuery {
  @Transform(distinctList)
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(3)
  @IsString({ each: true })
  @Matches(ID, { each: true })
  skus!: string[];
}

const OPTIONS = { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true, transform: true };
const outcome = (pipe: ValidationPipe, value: unknown, metatype: new () => object) =>
  pipe.transform(value, { type: 'query', metatype }).then(
    (parsed) => ({ parsed: { ...(parsed as object) }, instance: parsed instanceof metatype }),
    (error: unknown) => ({ refused: error instanceof Error ? error.message : String(error) }),
  );

describe('HotParameters', () => {
  const inputs: [new () => object, unknown][] = [
    [StoreParams, { storeId: 'ST-1' }],
    [StoreParams, { storeId: 'ST 1' }],
    [StoreParams, { storeId: 'x'.repeat(21) }],
    [StoreParams, { storeId: 'ST-1', other: '1' }],
    [StoreParams, { storeId: ['ST-1'] }],
    [StoreParams, {}],
    [SkusQuery, { skus: 'A1,B2' }],
    [SkusQuery, { skus: ' A1 , A1,,B2, ' }],
    [SkusQuery, { skus: 'A1,B2,C3,A1' }],
    [SkusQuery, { skus: 'A1,B2,C3,D4' }],
    [SkusQuery, { skus: '' }],
    [SkusQuery, { skus: ',,' }],
    [SkusQuery, { skus: 'A1,B 2' }],
    [SkusQuery, { skus: ['A1', 'B2'] }],
    [SkusQuery, { skus: 'A1', storeId: 'ST-1' }],
  ];

  it.each(inputs)('answers %p %j exactly as the decorators do', async (metatype, value) => {
    const reference = await outcome(new ValidationPipe(OPTIONS), value, metatype);
    expect(await outcome(new HotPathValidationPipe(OPTIONS), value, metatype)).toEqual(reference);
  });

  it('parses valid input by hand, and leaves invalid input to the decorators', () => {
    const parse = hotParametersParser(SkusQuery)!;
    expect(parse({ skus: 'A1, B2 ,A1' })).toEqual(Object.assign(new SkusQuery(), { skus: ['A1', 'B2'] }));
    expect(parse({ skus: 'A1,B 2' })).toBeUndefined();
    expect(parse({ skus: 'A1', extra: 'x' })).toBeUndefined();
    expect(hotParametersParser(class NotMarked {})).toBeUndefined();
  });
});
