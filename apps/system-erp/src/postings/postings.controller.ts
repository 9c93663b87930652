import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import {
  ApiBadGatewayResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { InternalCallers } from '@omnigate/auth';
import { CreatePostingDto, PostingReceipt } from '@omnigate/contracts';
import { PostingsService } from './postings.service';

@ApiTags('postings')
@InternalCallers('process-orders')
@Controller('v1/postings')
export class PostingsController {
  constructor(private readonly postings: PostingsService) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Create the ERP document of a business event, at most once',
    description:
      'Safe to repeat with the same postingId: a repeat answers the document the first call created.',
  })
  @ApiOkResponse({ type: PostingReceipt })
  @ApiUnprocessableEntityResponse({
    description:
      'The ERP rejected the document for good (problem+json, type erp-document-rejected, with its erpCode)',
  })
  @ApiBadGatewayResponse({ description: 'The ERP refused the call (problem+json, type upstream-rejected)' })
  post(@Body() posting: CreatePostingDto): Promise<PostingReceipt> {
    return this.postings.post(posting);
  }
}
